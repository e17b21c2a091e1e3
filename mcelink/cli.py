"""The `mcelink` command.

The engine's file commands (match-file, eval-match, classify-file, eval-classify) run without Django
and without a database; everything else is a Django management command. Commands may be typed with
hyphens or underscores: `mcelink gen-synthetic` runs the `gen_synthetic` command.

A third-party data file missing from the data directory (``MCELINK_DATA_DIR``) ends any command with the
message that says where to get it, not with a traceback.
"""

import os
import sys

ENGINE_COMMANDS = {"match-file", "eval-match", "classify-file", "eval-classify"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ENGINE_COMMANDS:
        from mcelink.matching.cli import main as engine_main

        raise SystemExit(engine_main(args))
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    if args[:1] == ["serve"] and "--production" not in args:
        # The demo: DEBUG off unless asked for (config/settings.py); the worker it starts inherits this.
        # `serve --production` is not the demo: its settings come from the environment.
        os.environ.setdefault("MCELINK_DEMO", "true")
    if args[:1] == ["serve"] and "--production" in args:
        import environ

        from mcelink.core.management.commands.serve import production_refusal

        env_file = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".env")
        if os.path.exists(env_file):
            environ.Env.read_env(env_file)  # as config/settings.py does
        if refusal := production_refusal(dict(os.environ)):
            sys.stderr.write(f"mcelink: {refusal}\n")
            raise SystemExit(1)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from mcelink.data import DataFileMissing

    try:
        execute_from_command_line(["mcelink", *args])
    except DataFileMissing as exc:
        sys.stderr.write(f"mcelink: {exc}\n")
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
