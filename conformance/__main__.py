from octo_conformance.cli.main import main

main()
