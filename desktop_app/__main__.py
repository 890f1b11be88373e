"""`python -m desktop_app` and the `zhiku` console script."""
import sys

from desktop_app.cli import main

if __name__ == "__main__":
    from desktop_app.core import spawning

    # In the bundle a worker process is this executable again: it runs its work and exits here.
    spawning.freeze_support()
    if sys.argv[1:2] == [spawning.COMPACT_FLAG]:  # core/index_compaction.py starts this
        from desktop_app.core import index_compaction

        sys.exit(index_compaction.main(sys.argv[2:]))
    sys.exit(main())
