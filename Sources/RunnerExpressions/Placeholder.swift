// Expression language: placeholder until the parser lands.
