"""Quality: what a translation must keep (checks, the meaning-change guard, plural
rules, negation and language checks) and the CI gate that reports them."""
