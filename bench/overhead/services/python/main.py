"""The overhead benchmark's Python service.

POST /work parses a JSON body, does a fixed amount of CPU work (about 1 ms on the bench machine)
and makes one outgoing HTTP call to DOWNSTREAM_URL. Plain code, no tracing: `tracekit init` (or
opentelemetry-instrument) adds it.
"""

import hashlib
import json
import os

import httpx
from fastapi import FastAPI, Request

DOWNSTREAM_URL = os.environ.get("DOWNSTREAM_URL", "http://127.0.0.1:3001/")
# Fixed work, not a timed loop: every config does the same CPU work per request (the default
# rounds take about 1 ms of CPU on the bench machine: sha256 costs differ per language).
ROUNDS = int(os.environ.get("WORK_ROUNDS", "1000"))

app = FastAPI()
client = httpx.AsyncClient(timeout=10)


def work(seed: bytes) -> str:
    h = seed
    for _ in range(ROUNDS):
        h = hashlib.sha256(h + seed).digest()
    return h.hex()


@app.get("/healthz")
async def healthz():
    return "ok"


@app.post("/work")
async def do_work(request: Request):
    body = await request.json()
    items = body.get("items", []) if isinstance(body, dict) else []
    digest = work(json.dumps(items).encode())
    r = await client.get(DOWNSTREAM_URL)
    return {"digest": digest, "items": len(items), "stock": r.json()}
