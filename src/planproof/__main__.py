from planproof._entry import main

main()
