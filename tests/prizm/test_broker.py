"""The embedded broker writes each message atomically and survives an unreadable one."""

import os
from queue import Empty

import pytest
from kombu import Connection

from prizm import broker  # noqa: F401  (the module prizm.celery maps filesystem:// to)
from prizm.celery import app  # noqa: F401  (registers the mapping)


@pytest.fixture
def folders(tmp_path):
    queue = tmp_path / "queue"
    queue.mkdir()
    return {"data_folder_in": str(queue), "data_folder_out": str(queue), "control_folder": str(tmp_path / "control"),
            "store_processed": False, "polling_interval": 0.1}


def test_filesystem_urls_use_the_atomic_transport_and_leave_no_partial_file(folders):
    with Connection("filesystem://", transport_options=folders) as conn:
        assert type(conn.transport).__module__ == "prizm.broker"
        queue = conn.SimpleQueue("prizm-test")
        queue.put({"job": 42})
        names = os.listdir(folders["data_folder_in"])
        assert len(names) == 1 and names[0].endswith(".prizm-test.msg")  # no ".part" left behind
        assert queue.get(timeout=1).payload == {"job": 42}
        queue.close()


def test_a_half_written_message_is_skipped_not_fatal(folders):
    """kombu's own writer left an empty file visible under the final name: reading it raised a JSON
    error that stopped the worker. Now the channel logs it, drops it and reports an empty queue."""
    with Connection("filesystem://", transport_options=folders) as conn:
        channel = conn.default_channel
        open(os.path.join(folders["data_folder_in"], "1_broken.prizm-test.msg"), "wb").close()
        with pytest.raises(Empty):
            channel._get("prizm-test")
        assert os.listdir(folders["data_folder_in"]) == []
