"""`python -m planproof`: the `planproof` program (planproof.cli.main)."""

from planproof.cli import main

main()
