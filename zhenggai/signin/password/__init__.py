"""One's own password: change it (at once, when it was given by someone else), or reset it by mail."""
