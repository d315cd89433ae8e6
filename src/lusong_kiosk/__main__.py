"""python -m lusong_kiosk"""

from .cli import main

raise SystemExit(main())
