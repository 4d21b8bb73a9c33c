"""Pure domain rules: models, durations, `started`, weeks and ADF. No I/O, no Textual."""
