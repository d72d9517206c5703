"""`python -m cleaner`: the `cleaner` command line."""

from cleaner.cli import main

if __name__ == "__main__":
    main(prog_name="cleaner")
