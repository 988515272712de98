"""One module per lesson: the live experiments a notebook shows, by lesson topic."""
