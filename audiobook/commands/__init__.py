"""The commands behind the `audiobook` command line, thin over the library: making audio (`render`,
`review`) and looking at a book (`script`, `cast`, `init`, `preview`, `check`, `voices`)."""
