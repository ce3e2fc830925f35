"""Chat log formats: generic JSON, Amazon Connect chat transcripts, and CSV (ts,sender,text)."""

from callscrub.chats.formats import ChatDocument, parse_chat

__all__ = ["ChatDocument", "parse_chat"]
