"""One ComponentResource per platform concern, plus the options every component gives its children."""
