"""``python -m xxfill`` runs the command line."""

from xxfill.cli.main import main

raise SystemExit(main())
