"""Everything that finds personal data, and the operators that replace it."""
