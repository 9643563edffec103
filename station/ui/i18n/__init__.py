"""Qt Linguist translations of the operator window: English (source), Simplified Chinese, Spanish."""
