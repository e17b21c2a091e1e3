"""Operations: `mcelink backup` and `mcelink restore` (docs/operations.md, "Backup and restore")."""
