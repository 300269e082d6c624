"""Refuse an oversized evidence file while it streams in, before it fills the disk."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

REFUSED_KEY = "zhenggai_refused_uploads"


class EvidenceSizeLimitHandler(FileUploadHandler):
    """Runs first: counts each file's bytes and skips the file once it passes the limit.

    The skipped file's name is kept on the request so the view can tell the person why; the
    form's other fields are still parsed, so nothing typed is lost.
    """

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self._received = 0

    def receive_data_chunk(self, raw_data, start):
        self._received += len(raw_data)
        if self._received > settings.EVIDENCE_MAX_BYTES:
            self.request.META.setdefault(REFUSED_KEY, []).append(self.file_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
