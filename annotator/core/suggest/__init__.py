"""Suggestion engines (issue 12): propagation of labeled names, gazetteers and a CRF sequence
labeler. Pure Python over the core text helpers: no database, no Qt."""
