"""Reports of a run: the versioned JSON document, JUnit XML, the console summary, the leak scan."""
