"""Machine translation: drafts for review, the engines behind them, masking of what
must not change, and the answer cache."""
