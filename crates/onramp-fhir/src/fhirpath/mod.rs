//! FHIRPath: lexer, parser, and evaluator over resource JSON.
