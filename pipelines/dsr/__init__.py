"""Data-subject requests: access and portability (Art. 15, 20), erasure (Art. 17), rectification (Art. 16).

`subject` finds what the index holds for a subject, `erase` plans and executes an erasure,
`mentions` erases a subject's spans inside someone else's conversation, `export` builds the access
zip, `rectify` corrects identifiers, `verify` re-scans after an erasure, `queue` runs requests
resumably, `seal` keeps the identifiers as given (encrypted) for the response.
"""
