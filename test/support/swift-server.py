# Runs one OpenStack Swift server (account, container, object or proxy) for the test harness,
# reading swift.conf from a folder of the harness's own instead of /etc/swift.
#
#   /usr/bin/python3 swift-server.py SWIFT_DIR CONF_FILE SECTION
#
# Swift's servers read the hash path prefix and suffix, the storage policies and the constraints
# from /etc/swift/swift.conf, whatever `swift_dir` says (that option only moves the rings), and no
# environment variable changes it. So this sets the module's path before anything reads it, then
# starts the server as swift-proxy-server and its siblings do, logging to stderr (-v) only.
import logging
import os
import sys

from swift.common import utils

swift_dir, conf_file, section = sys.argv[1:4]
utils.SWIFT_CONF_FILE = os.path.join(swift_dir, 'swift.conf')
utils.HASH_PATH_PREFIX = b''
utils.HASH_PATH_SUFFIX = b''


# Swift always adds a syslog handler (to /dev/log, or UDP to localhost:514 without one); the
# harness keeps the servers' logs in its own buffer and leaves the machine's syslog alone.
def no_syslog(*args, **kwargs):
    return logging.NullHandler()


utils.ThreadSafeSysLogHandler = no_syslog

from swift.common import constraints, storage_policy  # noqa: E402
from swift.common.wsgi import run_wsgi  # noqa: E402

utils.validate_configuration()
storage_policy.reload_storage_policies()
constraints.reload_constraints()
sys.exit(run_wsgi(conf_file, section, verbose=True))
