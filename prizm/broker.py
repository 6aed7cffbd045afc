"""The embedded broker: kombu's filesystem transport, with atomic message files.

kombu creates a message file and then writes it, so a worker polling the folder can pick up an
empty or half-written file and die on a JSON error (seen in CI). Here a message is written under a
name the reader ignores (".part") and renamed into place, which is atomic within one folder. A file
that still cannot be read is logged and dropped instead of stopping the worker (the job row is the
truth: the sweeper sends the work again).
`prizm/celery.py` maps the `filesystem://` scheme to this transport.
"""

import logging
import os
import uuid
from queue import Empty
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

logger = logging.getLogger(__name__)


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = f"{final}.part"
        try:
            with open(partial, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc

    def _get(self, queue):
        try:
            return super()._get(queue)
        except ValueError:  # an unreadable message (JSON error): never let it stop the worker
            logger.exception("Unreadable message skipped on queue %s", queue)
            raise Empty() from None


class Transport(filesystem.Transport):
    Channel = Channel
