"""Async api-jobs (RestServer.handleJobQuery / AsyncRestApiStore).

A job is accepted with 202 + location, runs after a simulated duration on a worker thread,
then answers 200 with the response mapping or 503 with {"error"}. Unknown or expired jobs
answer 404 "the job has been expired".
"""
from __future__ import annotations

import heapq
import threading
import time

from .wire import ApiError


class Job:
    __slots__ = ("uuid", "api", "run", "due", "created", "done", "result", "error", "finished_at")

    def __init__(self, uuid, api, run, due):
        self.uuid = uuid
        self.api = api
        self.run = run            # callable() -> response mapping; raises ApiError
        self.due = due
        self.created = time.monotonic()
        self.done = False
        self.result = None
        self.error = None
        self.finished_at = None


class Jobs:
    def __init__(self, expiry_s: float = 10800.0):
        self.expiry_s = expiry_s
        self.jobs: dict[str, Job] = {}
        self._heap: list = []
        self._cv = threading.Condition()
        self._stop = False
        self._thread = threading.Thread(target=self._loop, name="zstack-lab-jobs", daemon=True)
        self._thread.start()

    def exists(self, uuid: str) -> bool:
        with self._cv:
            return uuid in self.jobs

    def submit(self, uuid: str, api: str, run, seconds: float) -> Job:
        job = Job(uuid, api, run, time.monotonic() + max(seconds, 0.0))
        with self._cv:
            self.jobs[uuid] = job
            heapq.heappush(self._heap, (job.due, uuid))
            self._cv.notify()
        return job

    def _execute(self, job: Job):
        try:
            job.result = job.run()
        except ApiError as e:
            job.error = e
        except Exception as e:  # an uncaught handler bug surfaces as SYS.1000, as on the real MN
            job.error = ApiError("SYS.1000", f"{type(e).__name__}: {e}")
        job.finished_at = time.monotonic()
        job.done = True

    def _loop(self):
        while True:
            with self._cv:
                while not self._stop and (not self._heap or self._heap[0][0] > time.monotonic()):
                    timeout = None if not self._heap else max(self._heap[0][0] - time.monotonic(), 0)
                    self._cv.wait(timeout)
                if self._stop:
                    return
                _due, uuid = heapq.heappop(self._heap)
                job = self.jobs.get(uuid)
            if job is not None and not job.done:
                self._execute(job)

    def lookup(self, uuid: str) -> Job | None:
        """None means expired/unknown. Running jobs past due are finished inline (no worker lag)."""
        with self._cv:
            job = self.jobs.get(uuid)
            if job is None:
                return None
            if time.monotonic() - job.created > self.expiry_s:
                del self.jobs[uuid]
                return None
        return job

    def stop(self):
        with self._cv:
            self._stop = True
            self._cv.notify_all()
        self._thread.join(timeout=2)
