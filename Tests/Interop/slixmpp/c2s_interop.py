#!/usr/bin/env python3
"""Drive two slixmpp clients against an XMPP server and check the basics of c2s.

A third-party client library (slixmpp, from PyPI) talking to the server under
test, so the server is judged by someone else's reading of RFC 6120/6121 and
the XEPs. Steps, each printed as one JSON line on stdout:

  connect/starttls/auth/bind  both users, STARTTLS required, the server
                              certificate verified against --ca for --domain,
                              SASL with exactly --mechanism
  roster                      both rosters fetched (RFC 6121 §2.2)
  reset                       leftovers of an earlier run removed from the rosters
  subscribe_request           alice→bob subscribe reaches bob (RFC 6121 §3.1)
  subscribe_approved          bob's approval reaches alice, and her roster push
                              shows subscription to/both
  contact_presence            alice then receives bob's available presence
  message_alice_to_bob        chat to bob's bare JID, body and from checked
  message_bob_to_alice        reply to alice's full JID, body and from checked
  ping                        XEP-0199 ping of the server
  disco_info                  XEP-0030 disco#info of the server (identities,
                              features)

Exit status: 0 when every step passed, 1 when one failed (the run stops at the
first failure; its JSON line says why), 2 on bad arguments, 3 when the whole
run exceeded --timeout. Should the event loop itself ever block, a faulthandler
watchdog kills the process (status 1, traceback on stderr) 2 s later, so the
script never hangs. Logs go to stderr (--verbose for slixmpp's debug log).

Usage (see Tests/Interop/README.md):
  python c2s_interop.py --host 127.0.0.1 --port 5222 --domain alpha.test \
      --ca root.pem --user1 alice --password1 pw --user2 bob --password2 pw \
      --mechanism SCRAM-SHA-1 --timeout 20
"""

from __future__ import annotations

import argparse
import asyncio
import faulthandler
import json
import logging
import ssl
import sys
import time
import uuid
from typing import Any, Awaitable, Callable

try:
    import slixmpp
    from slixmpp import JID
except ImportError:  # pragma: no cover - environment problem, not a test result
    print(json.dumps({"step": "setup", "ok": False,
                      "error": "slixmpp is not importable; run scripts/ensure-test-peers.sh "
                               "and use the python it prints"}), flush=True)
    sys.exit(1)

MECHANISMS = ("PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256")
EXIT_FAILED, EXIT_USAGE, EXIT_TIMEOUT = 1, 2, 3
log = logging.getLogger("c2s_interop")


def emit(step: str, ok: bool, **fields: Any) -> None:
    print(json.dumps({"step": step, "ok": ok, **fields}, default=str), flush=True)


def _consume(future: asyncio.Future) -> None:
    """Mark a failure as seen: futures nobody awaited any more would log noise."""
    if not future.cancelled():
        future.exception()


class StepFailed(Exception):
    def __init__(self, step: str, error: str, **fields: Any) -> None:
        super().__init__(f"{step}: {error}")
        self.step, self.error, self.fields = step, error, fields


class Deadline:
    """One overall budget shared by every wait, so the run ends in time."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.05, self.end - time.monotonic())

    async def wait(self, step: str, awaitable: Any, what: str) -> Any:
        try:
            return await asyncio.wait_for(awaitable, self.remaining())
        except asyncio.TimeoutError:
            raise StepFailed(step, f"timed out waiting for {what}") from None


class Client:
    """One slixmpp ClientXMPP, configured for STARTTLS-only, CA-pinned, one mechanism."""

    def __init__(self, user: str, password: str, args: argparse.Namespace, deadline: Deadline) -> None:
        self.name = user
        self.args = args
        self.deadline = deadline
        self.bare = f"{user}@{args.domain}"
        self.xmpp = slixmpp.ClientXMPP(f"{self.bare}/interop", password)
        xmpp = self.xmpp

        # STARTTLS on the plain port only: no direct TLS, never plaintext.
        xmpp.enable_direct_tls = False
        xmpp.enable_starttls = True
        xmpp.enable_plaintext = False
        # Trust exactly the given CA (no system store) and check the name.
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=args.ca)
        context.check_hostname = True
        context.verify_mode = ssl.CERT_REQUIRED
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        xmpp.ssl_context = context
        xmpp.ca_certs = None
        # Exactly one SASL mechanism.
        xmpp.plugin["feature_mechanisms"].use_mech = args.mechanism
        # Subscriptions are answered by the script, not by slixmpp.
        xmpp.auto_authorize = None
        xmpp.auto_subscribe = False
        xmpp.whitespace_keepalive = False
        xmpp.register_plugin("xep_0030")
        xmpp.register_plugin("xep_0199", {"keepalive": False})

        loop = asyncio.get_event_loop()
        self.session_started: asyncio.Future = loop.create_future()
        self.session_started.add_done_callback(_consume)
        self.auth_succeeded = False
        self.failure: tuple[str, str] | None = None
        self.waiters: list[tuple[str, Callable[[Any], bool], asyncio.Future]] = []

        xmpp.add_event_handler("session_start", self._on_session_start)
        xmpp.add_event_handler("auth_success", self._on_auth_success)
        for event in ("failed_auth", "failed_all_auth", "no_auth", "connection_failed",
                      "ssl_invalid_chain", "stream_error", "disconnected"):
            xmpp.add_event_handler(event, self._failure_handler(event))
        for event in ("presence_subscribe", "presence_subscribed", "presence_available", "message"):
            xmpp.add_event_handler(event, self._dispatch_handler(event))

    # -- event plumbing ---------------------------------------------------

    def _on_session_start(self, _event: Any) -> None:
        if not self.session_started.done():
            self.session_started.set_result(True)

    def _on_auth_success(self, _stanza: Any) -> None:
        self.auth_succeeded = True

    # Which step a failure event belongs to.
    FAILURE_STAGES = {
        "connection_failed": "connect", "ssl_invalid_chain": "starttls", "failed_auth": "auth",
        "failed_all_auth": "auth", "no_auth": "auth", "stream_error": "stream", "disconnected": "stream",
    }

    def _failure_handler(self, event: str) -> Callable[[Any], None]:
        def handler(payload: Any) -> None:
            if event == "failed_auth":
                detail = f"SASL failure: {payload['condition'] or payload}"
            elif event in ("failed_all_auth", "no_auth"):
                offered = sorted(getattr(self.xmpp.plugin["feature_mechanisms"], "mech_list", set()) or ())
                detail = f"no usable {self.args.mechanism}: server offers {offered}"
            elif event == "ssl_invalid_chain":
                detail = f"server certificate rejected: {payload}"
            elif event == "stream_error":
                detail = f"stream error: {payload['condition']} {payload['text'] or ''}".strip()
            else:
                detail = f"{event}: {payload}" if payload else event
            stage = self.FAILURE_STAGES[event]
            if event in ("failed_all_auth", "no_auth") and "starttls" not in self.xmpp.features:
                stage, detail = "starttls", "server did not offer STARTTLS; SASL in the clear refused"
            if event == "disconnected" and "starttls" not in self.xmpp.features \
                    and any(word in str(payload) for word in ("SSL", "CERTIFICATE", "certificate")):
                stage = "starttls"  # a failed TLS handshake surfaces as a closed connection
            if self.failure is None:
                self.failure = (stage, detail)
            if event in ("ssl_invalid_chain", "connection_failed", "failed_all_auth", "no_auth"):
                # Otherwise slixmpp would keep retrying until the deadline.
                self.xmpp.cancel_connection_attempt()
                self.xmpp.disconnect(wait=0)
            if not self.session_started.done():
                self.session_started.set_exception(ConnectionError(detail))
            if event in ("disconnected", "stream_error"):
                for _, _, future in self.waiters:
                    if not future.done():
                        future.set_exception(ConnectionError(detail))
        return handler

    def _dispatch_handler(self, event: str) -> Callable[[Any], None]:
        def handler(stanza: Any) -> None:
            for wanted, predicate, future in list(self.waiters):
                if wanted == event and not future.done() and predicate(stanza):
                    future.set_result(stanza)
        return handler

    def expect(self, event: str, predicate: Callable[[Any], bool]) -> asyncio.Future:
        """A future for the next `event` matching `predicate`; register before acting."""
        future = asyncio.get_event_loop().create_future()
        future.add_done_callback(_consume)
        self.waiters.append((event, predicate, future))
        return future

    # -- steps ------------------------------------------------------------

    async def login(self) -> None:
        args = self.args
        self.xmpp.connect(host=args.host, port=args.port)
        try:
            await self.deadline.wait(f"connect:{self.name}", asyncio.shield(self.session_started), "session start")
        except ConnectionError:
            stage, detail = self.failure or ("connect", "connection closed")
            raise StepFailed(f"{stage}:{self.name}", detail) from None

        ssl_object = self.xmpp.transport.get_extra_info("ssl_object") if self.xmpp.transport else None
        if "starttls" not in self.xmpp.features or ssl_object is None:
            raise StepFailed(f"starttls:{self.name}", "session started without STARTTLS")
        certificate = ssl_object.getpeercert() or {}
        emit(f"starttls:{self.name}", True, tls_version=ssl_object.version(),
             cipher=ssl_object.cipher()[0], server_hostname=args.domain,
             verified_against=args.ca,
             subject_alt_names=[value for _, value in certificate.get("subjectAltName", ())])

        mechanism = self.xmpp.plugin["feature_mechanisms"].mech
        used = mechanism.name if mechanism is not None else None
        if not self.auth_succeeded or used != args.mechanism:
            raise StepFailed(f"auth:{self.name}", f"authenticated with {used}, wanted {args.mechanism}")
        emit(f"auth:{self.name}", True, mechanism=used)

        bound = self.xmpp.boundjid
        if bound.bare != self.bare or not bound.resource:
            raise StepFailed(f"bind:{self.name}", f"bound {bound.full}, wanted {self.bare}/<resource>")
        emit(f"bind:{self.name}", True, jid=bound.full)

    async def roster(self) -> list[str]:
        step = f"roster:{self.name}"
        try:
            iq = await self.deadline.wait(step, self.xmpp.get_roster(timeout=self.deadline.remaining()), "roster result")
        except slixmpp.exceptions.IqError as error:
            raise StepFailed(step, f"roster get failed: {error.iq['error']['condition']}") from None
        except slixmpp.exceptions.IqTimeout:
            raise StepFailed(step, "roster get timed out") from None
        items = sorted(str(jid) for jid in iq["roster"]["items"])
        emit(step, True, items=items)
        return items

    async def remove_contact(self, jid: str) -> None:
        step = f"reset:{self.name}"
        try:
            await self.deadline.wait(step, self.xmpp.update_roster(
                jid, subscription="remove", timeout=self.deadline.remaining()), "roster remove result")
        except (slixmpp.exceptions.IqError, slixmpp.exceptions.IqTimeout) as error:
            raise StepFailed(step, f"removing {jid} failed: {error}") from None

    async def close(self, budget: float) -> None:
        """Close the stream politely if the server answers within `budget`, else abort."""
        try:
            if self.xmpp.transport is not None:
                await asyncio.wait_for(self.xmpp.disconnect(wait=budget / 2), budget)
        except Exception:  # best effort: the verdict is already known
            pass
        finally:
            self.xmpp.cancel_connection_attempt()
            self.xmpp.abort()


async def run(args: argparse.Namespace) -> None:
    # Steps share most of --timeout; the rest is left for closing both streams.
    closing = min(2.0, args.timeout / 5)
    deadline = Deadline(args.timeout - closing)
    alice = Client(args.user1, args.password1, args, deadline)
    bob = Client(args.user2, args.password2, args, deadline)
    try:
        for client in (alice, bob):
            await client.login()

        alice_items = await alice.roster()
        bob_items = await bob.roster()

        # Leftovers of an earlier run against a persistent server would make the
        # server answer the subscription itself (RFC 6121 §3.1.3), so start clean.
        removed = []
        if bob.bare in alice_items:
            await alice.remove_contact(bob.bare)
            removed.append(f"{alice.bare}:{bob.bare}")
        if alice.bare in bob_items:
            await bob.remove_contact(alice.bare)
            removed.append(f"{bob.bare}:{alice.bare}")
        emit("reset", True, removed=removed)

        # Both available, so presence can flow once the subscription exists.
        alice.xmpp.send_presence()
        bob.xmpp.send_presence()

        request = bob.expect("presence_subscribe", lambda p: p["from"].bare == alice.bare)
        approved = alice.expect("presence_subscribed", lambda p: p["from"].bare == bob.bare)
        contact_presence = alice.expect("presence_available", lambda p: p["from"].bare == bob.bare)
        alice.xmpp.send_presence(pto=bob.bare, ptype="subscribe")
        stanza = await deadline.wait("subscribe_request", request, "bob to receive alice's subscribe")
        emit("subscribe_request", True, **{"from": str(stanza["from"]), "to": str(stanza["to"])})

        bob.xmpp.send_presence(pto=alice.bare, ptype="subscribed")
        stanza = await deadline.wait("subscribe_approved", approved, "alice to receive bob's subscribed")
        subscription = None
        while time.monotonic() < deadline.end:
            subscription = alice.xmpp.client_roster[bob.bare]["subscription"]
            if subscription in ("to", "both"):
                break
            await asyncio.sleep(0.05)
        if subscription not in ("to", "both"):
            raise StepFailed("subscribe_approved", f"alice's roster item for bob has subscription {subscription!r}")
        emit("subscribe_approved", True, **{"from": str(stanza["from"])}, roster_subscription=subscription)

        stanza = await deadline.wait("contact_presence", contact_presence, "bob's presence at alice")
        emit("contact_presence", True, **{"from": str(stanza["from"]), "to": str(stanza["to"])},
             show=stanza["show"] or "available")

        body = f"hello bob {uuid.uuid4()}"
        received = bob.expect("message", lambda m: m["body"] == body)
        alice.xmpp.send_message(mto=bob.bare, mbody=body, mtype="chat")
        message = await deadline.wait("message_alice_to_bob", received, "the message at bob")
        if message["from"].bare != alice.bare or message["type"] != "chat":
            raise StepFailed("message_alice_to_bob", f"from {message['from']} type {message['type']}")
        emit("message_alice_to_bob", True, **{"from": str(message["from"]), "to": str(message["to"])}, body=body)

        reply = f"hello alice {uuid.uuid4()}"
        received = alice.expect("message", lambda m: m["body"] == reply)
        bob.xmpp.send_message(mto=message["from"], mbody=reply, mtype="chat")
        answer = await deadline.wait("message_bob_to_alice", received, "the reply at alice")
        if answer["from"].bare != bob.bare or answer["type"] != "chat":
            raise StepFailed("message_bob_to_alice", f"from {answer['from']} type {answer['type']}")
        emit("message_bob_to_alice", True, **{"from": str(answer["from"]), "to": str(answer["to"])}, body=reply)

        try:
            rtt = await deadline.wait("ping", alice.xmpp.plugin["xep_0199"].ping(
                jid=JID(args.domain), timeout=deadline.remaining()), "the pong")
        except slixmpp.exceptions.IqError as error:
            raise StepFailed("ping", f"error reply: {error.iq['error']['condition']}") from None
        except slixmpp.exceptions.IqTimeout:
            raise StepFailed("ping", "no reply") from None
        emit("ping", True, jid=args.domain, rtt_ms=round(rtt * 1000, 2))

        try:
            iq = await deadline.wait("disco_info", alice.xmpp.plugin["xep_0030"].get_info(
                jid=args.domain, timeout=deadline.remaining()), "disco#info")
        except slixmpp.exceptions.IqError as error:
            raise StepFailed("disco_info", f"error reply: {error.iq['error']['condition']}") from None
        except slixmpp.exceptions.IqTimeout:
            raise StepFailed("disco_info", "no reply") from None
        info = iq["disco_info"]
        identities = [{"category": c, "type": t, "name": n} for c, t, _lang, n in info["identities"]]
        features = sorted(info["features"])
        if not any(i["category"] == "server" and i["type"] == "im" for i in identities):
            raise StepFailed("disco_info", "no server/im identity", identities=identities, features=features)
        emit("disco_info", True, jid=args.domain, identities=identities, features=features)
    finally:
        await asyncio.gather(alice.close(closing * 0.8), bob.close(closing * 0.8))


def parse_arguments(argv: list[str], description: str | None = None, default_timeout: float = 20.0) -> argparse.Namespace:
    """The options every interop script takes (sm_resume_interop.py shares them)."""
    parser = argparse.ArgumentParser(description=description or __doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to connect to (no DNS SRV lookup)")
    parser.add_argument("--port", type=int, default=5222)
    parser.add_argument("--domain", required=True, help="XMPP domain; also the TLS name checked")
    parser.add_argument("--ca", required=True, help="PEM file of the only CA trusted")
    parser.add_argument("--user1", default="alice")
    parser.add_argument("--password1", required=True)
    parser.add_argument("--user2", default="bob")
    parser.add_argument("--password2", required=True)
    parser.add_argument("--mechanism", choices=MECHANISMS, default="SCRAM-SHA-1")
    parser.add_argument("--timeout", type=float, default=default_timeout, help="hard limit for the whole run, seconds")
    parser.add_argument("--verbose", action="store_true", help="slixmpp debug log on stderr")
    args = parser.parse_args(argv)
    if args.user1 == args.user2:
        parser.error("--user1 and --user2 must differ")
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    return args


def main(argv: list[str], steps: Callable[[argparse.Namespace], Awaitable[None]] | None = None,
         description: str | None = None, default_timeout: float = 20.0) -> int:
    """Runs `steps` (default: this script's `run`) within --timeout and reports
    how it ended as JSON lines and the exit status; sm_resume_interop.py runs
    its own steps through it."""
    args = parse_arguments(argv, description, default_timeout)
    steps = steps or run
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.ERROR, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Backstop: if anything blocks the event loop, die rather than hang.
    faulthandler.dump_traceback_later(args.timeout + 2, exit=True)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    status = 0
    try:
        loop.run_until_complete(asyncio.wait_for(steps(args), args.timeout))
    except StepFailed as failed:
        emit(failed.step, False, error=failed.error, **failed.fields)
        status = EXIT_FAILED
    except asyncio.TimeoutError:
        emit("timeout", False, error=f"the run exceeded --timeout {args.timeout}s")
        status = EXIT_TIMEOUT
    except Exception as error:  # a harness bug or an unexpected library error
        emit("harness", False, error=f"{type(error).__name__}: {error}")
        status = EXIT_FAILED
    finally:
        faulthandler.cancel_dump_traceback_later()
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()
    emit("summary", status == 0, mechanism=args.mechanism, domain=args.domain)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
