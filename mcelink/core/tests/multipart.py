"""A multipart body as a browser sends it: Django's test client cuts a file name at "/" before sending it
(``os.path.basename``), so a test of names cannot use it."""

import uuid
from typing import Any

from django.test import Client


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """The body and content type of a form with ``fields`` and ``files`` as (field, file name, content)."""
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for field, file_name, content in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{file_name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_multipart(client: Client, url: str, fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> Any:
    body, content_type = multipart(fields, files)
    return client.post(url, data=body, content_type=content_type)
