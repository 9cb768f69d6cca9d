"""Issues on their way to the government and back: `batches` (numbered proposal batches, submitted
together), `exports/` (the proposal lists and their files) and the answers coming back (`answers`, the
import's rules; `answers_views` and `answers_urls`, the officials' pages)."""
