"""Libraries that log content at DEBUG never get to: a debug log is still a log.

Presidio logs the text around every finding ("Context list is: ..."), botocore logs request and
response bodies (transcripts, chats), faster-whisper its segments. With a DEBUG root logger (a
user's logging config, `PREFECT_LOGGING_LEVEL=DEBUG`, pytest's caplog) those would print personal
data. Each of those loggers is set to INFO (their child loggers, NOTSET, inherit it) and carries a
filter that drops its own records below INFO even if its level is lowered later; their INFO and
above (warnings, errors, without content) pass. Called when `callscrub` is imported.
"""

from __future__ import annotations

import logging

CONTENT_LOGGERS = (
    "presidio-analyzer", "presidio-anonymizer", "botocore", "boto3", "s3transfer", "urllib3",
    "faster_whisper", "spacy", "aiobotocore", "s3fs",
)


def _at_least_info(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.INFO


def guard_content_loggers() -> None:
    for name in CONTENT_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.INFO:  # NOTSET (0) or DEBUG
            logger.setLevel(logging.INFO)
        if _at_least_info not in logger.filters:
            logger.addFilter(_at_least_info)
