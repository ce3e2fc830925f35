"""callscrub's own Presidio recognizers: one per file, each with context words and, where one
exists, a checksum.

Contract (every recognizer module follows it):
- one class, a `presidio_analyzer.PatternRecognizer` or `EntityRecognizer` subclass, with class
  attributes `PATTERNS` (where pattern based), `CONTEXT` (lower-case context words) and
  `validate_result()` / `invalidate_result()` for checksums;
- it runs on *normalised* text (see `detectors.normalise`): spoken digits are already
  contiguous digit strings ("5552134498"), spoken e-mails are typed ("john.patterson@gmail.com"),
  spelled letters are joined ("SMITH"), ordinal dates are numeric ("March 4 1982");
- scores: checksum-valid or unambiguous structure 0.85-1.0; plausible structure 0.5-0.7;
  values that only count with context (a bare "123" as a CVV) 0.05-0.3, so that Presidio's
  context enhancer (+0.35 when a CONTEXT word is in the sentence or in the previous turn)
  lifts them over the default 0.35 threshold only when the conversation says what they are.
"""
