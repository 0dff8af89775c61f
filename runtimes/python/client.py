"""Entry point of LocalEmu's python runtime client: `python3 [-S] client.py [handler]`.

The client proper is the module localemu_runtime next to this file (a module,
so that its bytecode is cached in __pycache__ instead of compiled at every
start). ./bootstrap runs this file, as does the local executor.
"""
import sys

from localemu_runtime import main

sys.exit(main())
