from l10n.entry import main

main()
