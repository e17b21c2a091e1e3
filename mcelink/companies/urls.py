from django.urls import path

from mcelink.companies import views

app_name = "companies"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("new/", views.organization_create, name="create"),
    path("import/", views.registry_import_upload, name="import"),
    path("import/template-<str:kind>.csv", views.import_template, name="import_template"),
    path("<int:organization_id>/", views.organization_detail, name="detail"),
    path("<int:organization_id>/edit/", views.organization_edit, name="edit"),
    path("<int:organization_id>/products/new/", views.product_edit, name="product_create"),
    path("<int:organization_id>/products/<int:product_id>/edit/", views.product_edit, name="product_edit"),
    path("<int:organization_id>/products/<int:product_id>/delete/", views.product_delete, name="product_delete"),
]
