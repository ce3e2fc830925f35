"""callscrub: find and remove personal data in contact-centre recordings and chats.

The shared kernel lives here (records, configuration, errors, audio and chat formats);
`storage`, `detectors` and `pipelines` are the packages the project card names.
"""

__version__ = "0.1.0"

from callscrub.logsafety import guard_content_loggers

guard_content_loggers()
