"""`python -m journal`: the same as the `journal` command."""

if __name__ == "__main__":
    from cli import main

    main(prog_name="journal")
