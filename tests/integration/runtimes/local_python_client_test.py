#!/usr/bin/env python3
"""The python runtime client as the local executor starts it (`python3 -S client.py`),
against the fake Runtime API of runtime_clients_test.py, without any container.

What only this start-up mode does: without `site`, the client puts the
interpreter's site-packages on sys.path itself, with the path lines of their
.pth files but not their `import` lines; and `logging` is set up when the
function first imports it. Run: local_python_client_test.py [unittest args]
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runtime_clients_test import ROOT, FakeRuntimeApi  # noqa: E402

CLIENT = os.path.join(ROOT, "runtimes", "python", "client.py")


class LocalPythonClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # An interpreter whose site-packages we control: a venv (sys.prefix is the venv under -S too).
        cls.venv = tempfile.mkdtemp(prefix="localemu-client-venv-")
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", cls.venv], check=True)
        cls.python = os.path.join(cls.venv, "bin", "python3")
        site_packages = subprocess.run(
            [cls.python, "-c", "import site; print(site.getsitepackages()[0])"], check=True, capture_output=True,
            text=True).stdout.strip()
        extra = os.path.join(cls.venv, "extra")
        os.makedirs(extra)
        with open(os.path.join(site_packages, "hostpkg.py"), "w") as f:
            f.write("VALUE = 'from site-packages'\n")
        with open(os.path.join(extra, "extramod.py"), "w") as f:
            f.write("VALUE = 'from a .pth path line'\n")
        with open(os.path.join(site_packages, "zz-test.pth"), "w") as f:
            f.write("# a comment\n%s\nimport os; os.environ['PTH_HOOK_RAN'] = '1'\n" % extra)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.venv, ignore_errors=True)

    def setUp(self):
        self.api = FakeRuntimeApi()
        self.code = tempfile.mkdtemp(prefix="localemu-client-code-")
        self.process = None

    def tearDown(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        self.api.close()
        shutil.rmtree(self.code, ignore_errors=True)

    def start(self, source, handler, env=None):
        with open(os.path.join(self.code, "app.py"), "w") as f:
            f.write(source)
        variables = {"AWS_LAMBDA_RUNTIME_API": self.api.address, "LAMBDA_TASK_ROOT": self.code, "_HANDLER": handler,
                     "PYTHONPATH": self.code, "LAMBDA_RUNTIME_DIR": os.path.dirname(CLIENT)}
        variables.update(env or {})
        self.process = subprocess.Popen([self.python, "-S", CLIENT, handler], env=variables, cwd=self.code,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def output(self):
        self.process.kill()
        return self.process.communicate()[0].decode()

    def test_site_packages_without_pth_hooks(self):
        self.start(
            "import os, sys, hostpkg, extramod\n"
            "def h(event, context):\n"
            "    return [hostpkg.VALUE, extramod.VALUE, os.environ.get('PTH_HOOK_RAN'), sys.path[:3],\n"
            "            'site' in sys.modules and not sys.flags.no_site]\n",
            "app.h")
        request_id = self.api.invoke({})
        post = self.api.next_post()
        self.assertEqual(post.path, "/2018-06-01/runtime/invocation/%s/response" % request_id)
        self.assertEqual(post.json(), ["from site-packages", "from a .pth path line", None,
                                       [self.code, os.path.dirname(CLIENT), self.code], False])

    def test_logging_is_set_up_when_first_imported(self):
        self.start(
            "def h(event, context):\n"
            "    import logging\n"
            "    logging.getLogger('app').debug('hidden')\n"
            "    logging.getLogger('app').info('hello %s', event['name'])\n"
            "    return 'ok'\n",
            "app.h", {"AWS_LAMBDA_LOG_LEVEL": "INFO"})
        request_id = self.api.invoke({"name": "logs"})
        self.assertEqual(self.api.next_post().body, b'"ok"')
        lines = [line for line in self.output().splitlines() if line.startswith("[")]
        self.assertEqual(len(lines), 1, lines)
        self.assertRegex(lines[0], r"^\[INFO\]\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t%s\thello logs$" % request_id)

    def test_start_up_imports_no_heavy_module(self):
        self.start("import sys\ndef h(event, context):\n    return sorted(sys.modules)\n", "app.h")
        self.api.invoke({})
        modules = set(self.api.next_post().json())
        self.assertFalse(modules & {"json", "re", "socket", "http", "email", "logging", "traceback", "decimal",
                                    "encodings.idna", "enum"}, sorted(modules))


if __name__ == "__main__":
    unittest.main(verbosity=2)
