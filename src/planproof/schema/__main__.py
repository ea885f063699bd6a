"""`python -m planproof.schema --write | --check`: see `planproof.schema.committed`."""

import sys

from planproof.schema.committed import main

sys.exit(main())
