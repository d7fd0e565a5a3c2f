#!/usr/bin/env python3
"""Check XEP-0198 stream management with resumption from slixmpp's side.

Two slixmpp clients (plugin xep_0198 with its defaults: <enable resume='true'/>,
an <r/> every 5 stanzas) against the server under test. Steps, each printed as
one JSON line on stdout:

  starttls/auth/bind       both users, as in c2s_interop.py: STARTTLS required,
                           the certificate verified against --ca for --domain,
                           SASL with exactly --mechanism
  sm_enable:<user>         the server offers urn:xmpp:sm:3 and answers slixmpp's
                           <enable resume='true'/> with <enabled resume='true'
                           id='...'/> (slixmpp's sm_enabled event)
  sm_ack                   alice sends 3 messages to bob's full JID and an <r/>;
                           the server's <a h> equals slixmpp's count of sent
                           stanzas and empties its unacked queue
  drop:alice               alice's TCP connection is aborted (no </stream:stream>,
                           no TLS close_notify), with one message to bob already
                           delivered but not acked (M0) and one written as the
                           connection died, so lost (M1)
  resume:alice             while she is away bob sends to her full JID and she
                           queues a message to bob (M2); she reconnects (STARTTLS,
                           SASL) and <resume/>s: <resumed previd h/>, no new bind,
                           same full JID, h counts everything but M1
  message_during_gap       bob's message sent during the gap arrives exactly
                           once; one alice had before the drop is not redelivered
  resend_after_resume      M1 (retransmitted by slixmpp because <resumed h> did
                           not count it) and M2 (held by slixmpp until the resume)
                           reach bob exactly once, M0 is not duplicated, all from
                           her unchanged full JID; a fresh <r/> is answered with
                           h equal to slixmpp's count again
  close:<user>             </stream:stream> answered by the server's own
  no_resume_after_close    alice reconnects; slixmpp still holds the SM id and
                           tries <resume/>, which the server must refuse with
                           <failed/>; slixmpp then binds anew and enables SM
                           again (new id), and closes

Messages alice sends around the outage are checked too, because slixmpp 1.17
really does deliver them after a resumption, by two different paths: a stanza
sent while the stream is down is held by slixmpp's XMLStream (not by the SM
queue) and flushed when `session_resumed` fires (M2); a stanza written into the
dying connection stays in xep_0198's unacked queue and is resent after
<resumed h> (M1). slixmpp does not send the flushed ones in order: M2 goes out
before the resent M1, which is why the check counts messages, not their order.

Exit status: 0 when every step passed, 1 when one failed (the run stops at the
first failure; its JSON line says why), 2 on bad arguments, 3 when the whole
run exceeded --timeout. A faulthandler watchdog kills the process 2 s after
the timeout should the event loop ever block. Logs go to stderr (--verbose for
slixmpp's debug log, i.e. the XML). Shares its client plumbing with
c2s_interop.py (same directory).

Usage (see Tests/Interop/README.md):
  python sm_resume_interop.py --host 127.0.0.1 --port 5222 --domain alpha.test \
      --ca root.pem --user1 alice --password1 pw --user2 bob --password2 pw \
      --mechanism SCRAM-SHA-1 --timeout 30
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import sys
import time
import uuid
from typing import Any, Callable

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
import c2s_interop as base  # noqa: E402  exits with a JSON "setup" line if slixmpp is missing
from c2s_interop import Deadline, StepFailed, emit, _consume  # noqa: E402

import slixmpp
from slixmpp import JID

SM = "urn:xmpp:sm:3"
STANZA_ERRORS = "urn:ietf:params:xml:ns:xmpp-stanzas"
EXIT_FAILED, EXIT_USAGE, EXIT_TIMEOUT = base.EXIT_FAILED, base.EXIT_USAGE, base.EXIT_TIMEOUT


class SMClient(base.Client):
    """c2s_interop's client plus xep_0198, event futures, and what the server sent."""

    TRACKED = ("sm_enabled", "sm_failed", "session_resumed", "session_start", "session_bind",
               "session_end", "disconnected", "stanza_acked")

    def __init__(self, user: str, password: str, args: argparse.Namespace, deadline: Deadline) -> None:
        self.expected_disconnect = False
        self.event_futures: dict[str, list[asyncio.Future]] = collections.defaultdict(list)
        super().__init__(user, password, args, deadline)
        xmpp = self.xmpp
        xmpp.register_plugin("xep_0198")  # defaults: window 5, allow_resume True
        self.sm = xmpp.plugin["xep_0198"]
        self.counts: collections.Counter[str] = collections.Counter()
        self.received: collections.Counter[str] = collections.Counter()  # message bodies
        self.senders: dict[str, list[str]] = collections.defaultdict(list)
        self.server_acks: list[int | None] = []  # h of every <a/> from the server
        self.server_requests = 0  # <r/> from the server
        self.sm_offered: bool | None = None  # in the last <stream:features>
        self.retransmitted: list[str] = []  # slixmpp's unacked queue right after <resumed h>
        for event in self.TRACKED:
            xmpp.add_event_handler(event, self._tracker(event))
        xmpp.add_event_handler("message", self._count_message)
        xmpp.add_filter("in", self._observe)

    # -- event plumbing ---------------------------------------------------

    def _failure_handler(self, event: str) -> Callable[[Any], None]:
        inherited = super()._failure_handler(event)

        def handler(payload: Any) -> None:
            if event == "disconnected" and self.expected_disconnect:
                return
            inherited(payload)
            detail = self.failure[1] if self.failure else event
            for futures in self.event_futures.values():
                for future in futures:
                    if not future.done():
                        future.set_exception(ConnectionError(detail))
        return handler

    def _tracker(self, event: str) -> Callable[[Any], None]:
        def handler(payload: Any) -> None:
            self.counts[event] += 1
            if event == "session_resumed":
                # After <resumed h> dropped what the server had and queued the
                # rest for resending, before anything newer is counted in.
                self.retransmitted = self.unacked()
            futures, self.event_futures[event] = self.event_futures[event], []
            for future in futures:
                if not future.done():
                    future.set_result(payload)
        return handler

    def next_event(self, event: str) -> asyncio.Future:
        """A future for the next `event` (register before acting)."""
        future = asyncio.get_event_loop().create_future()
        future.add_done_callback(_consume)
        self.event_futures[event].append(future)
        return future

    def _count_message(self, message: Any) -> None:
        if message["type"] != "error" and message["body"]:
            self.received[message["body"]] += 1
            self.senders[message["body"]].append(str(message["from"]))

    def _observe(self, stanza: Any) -> Any:
        """An 'in' filter: sees every top-level element, SM nonzas included."""
        tag = stanza.xml.tag
        if tag == f"{{{SM}}}r":
            self.server_requests += 1
        elif tag == f"{{{SM}}}a":
            h = stanza.xml.get("h")
            self.server_acks.append(int(h) if h is not None and h.isdigit() else None)
        elif tag.endswith("}features"):
            self.sm_offered = stanza.xml.find(f"{{{SM}}}sm") is not None
        return stanza

    # -- helpers ----------------------------------------------------------

    def unacked(self) -> list[str]:
        """slixmpp's unacked queue, as message bodies (other stanzas by name)."""
        return [s["body"] if s.name == "message" else s.name for _, s in self.sm.unacked_queue]

    def sm_state(self) -> dict[str, Any]:
        return {"seq": self.sm.seq, "last_ack": self.sm.last_ack, "handled": self.sm.handled,
                "unacked": self.unacked(), "acks_from_server": self.server_acks[-5:]}

    def tls_in_use(self) -> bool:
        transport = self.xmpp.transport
        ssl_object = transport.get_extra_info("ssl_object") if transport else None
        return ssl_object is not None and "starttls" in self.xmpp.features

    def reconnect(self) -> None:
        self.expected_disconnect = False
        self.failure = None
        self.xmpp.connect(host=self.args.host, port=self.args.port)

    async def close(self, budget: float) -> None:
        self.expected_disconnect = True
        await super().close(budget)


def failed_detail(stanza: Any) -> dict[str, Any]:
    """Condition and h of an SM <failed/>."""
    conditions = [child.tag.split("}", 1)[-1] for child in stanza.xml if child.tag.startswith(f"{{{STANZA_ERRORS}}}")]
    return {"condition": conditions[0] if conditions else None, "h": stanza.xml.get("h")}


async def first_of(deadline: Deadline, step: str, futures: dict[str, asyncio.Future], what: str,
                   client: SMClient) -> tuple[str, Any]:
    """The first of several event futures: (event name, payload)."""
    done, _ = await asyncio.wait(set(futures.values()), timeout=deadline.remaining(),
                                 return_when=asyncio.FIRST_COMPLETED)
    if not done:
        raise StepFailed(step, f"timed out waiting for {what}", sm_offered=client.sm_offered)
    for name, future in futures.items():
        if future in done:
            try:
                return name, future.result()
            except ConnectionError as error:
                stage, detail = client.failure or ("stream", str(error))
                raise StepFailed(step, f"{stage}: {detail}") from None
    raise AssertionError("unreachable")


async def wait_until(deadline: Deadline, step: str, predicate: Callable[[], bool], what: str,
                     client: SMClient) -> None:
    """Poll `predicate` until true; on timeout fail with the client's SM state."""
    while not predicate():
        for h in client.server_acks:
            if h is not None and h > client.sm.seq:
                raise StepFailed(step, f"server acknowledged h={h}, more than the {client.sm.seq} "
                                       f"stanzas sent", **client.sm_state())
        if time.monotonic() >= deadline.end:
            raise StepFailed(step, f"timed out waiting for {what}", **client.sm_state())
        await asyncio.sleep(0.02)


async def ping(deadline: Deadline, step: str, client: SMClient) -> None:
    """A round trip to the server: everything it sent before the pong has arrived."""
    try:
        await deadline.wait(step, client.xmpp.plugin["xep_0199"].ping(
            jid=JID(client.args.domain), timeout=deadline.remaining()), f"the pong to {client.name}")
    except slixmpp.exceptions.IqError as error:
        raise StepFailed(step, f"ping error reply: {error.iq['error']['condition']}") from None
    except slixmpp.exceptions.IqTimeout:
        raise StepFailed(step, "no reply to ping") from None


async def expect_acked(deadline: Deadline, step: str, client: SMClient) -> int:
    """Send <r/> and wait until the server's <a h> covers every stanza sent."""
    client.sm.request_ack()
    await wait_until(deadline, step, lambda: client.sm.last_ack == client.sm.seq and not client.sm.unacked_queue,
                     f"an <a h='{client.sm.seq}'/> from the server", client)
    return client.sm.last_ack


async def run(args: argparse.Namespace) -> None:
    closing = min(2.0, args.timeout / 5)
    deadline = Deadline(args.timeout - closing)
    alice = SMClient(args.user1, args.password1, args, deadline)
    bob = SMClient(args.user2, args.password2, args, deadline)
    tag = uuid.uuid4().hex[:12]
    try:
        # 1. Log in; SM enabled with resumption.
        for client in (alice, bob):
            step = f"sm_enable:{client.name}"
            enabled, failed = client.next_event("sm_enabled"), client.next_event("sm_failed")
            await client.login()
            if client.sm_offered is False:
                raise StepFailed(step, "the stream features after SASL do not offer urn:xmpp:sm:3")
            name, answer = await first_of(deadline, step, {"sm_enabled": enabled, "sm_failed": failed},
                                          "<enabled/> (does the server offer urn:xmpp:sm:3?)", client)
            if name == "sm_failed":
                raise StepFailed(step, "server answered <enable/> with <failed/>", **failed_detail(answer))
            fields = {"id": answer["id"], "resume": answer.xml.get("resume"), "max": answer["max"] or None,
                      "location": answer["location"] or None, "offered": client.sm_offered}
            if not answer["resume"] or not answer["id"]:
                raise StepFailed(step, "<enabled/> without resume='true' and an id", **fields)
            if client.sm.sm_id != answer["id"] or not client.sm.enabled_in:
                raise StepFailed(step, "slixmpp did not take the SM id", **fields)
            emit(step, True, **fields)
        for client in (alice, bob):
            client.xmpp.send_presence()  # counted stanzas, as a real client sends them
        await ping(deadline, "sm_enable:alice", alice)
        await ping(deadline, "sm_enable:bob", bob)

        alice_full, bob_full = alice.xmpp.boundjid.full, bob.xmpp.boundjid.full

        # 2. Acks: three messages, an <r/>, the server's <a h> covers them all.
        step = "sm_ack"
        bodies = [f"sm ack {n} {tag}" for n in (1, 2, 3)]
        arrivals = [bob.expect("message", lambda m, b=body: m["body"] == b) for body in bodies]
        sent_before = alice.sm.seq
        for body in bodies:
            alice.xmpp.send_message(mto=bob_full, mbody=body, mtype="chat")
        # request_ack() writes <r/> at once, so first let the messages through the send queue.
        await wait_until(deadline, step, lambda: (alice.sm.seq - sent_before) % 2**32 >= 3,
                         "slixmpp to send the 3 messages", alice)
        h = await expect_acked(deadline, step, alice)
        for arrival in arrivals:
            await deadline.wait(step, arrival, "the 3 messages at bob")
        emit(step, True, h=h, seq=alice.sm.seq, unacked=len(alice.sm.unacked_queue),
             acks_from_server=alice.server_acks, requests_from_server=alice.server_requests)

        # 3. Drop alice's TCP connection abruptly.
        step = "drop:alice"
        b0 = f"before drop {tag}"
        arrival = alice.expect("message", lambda m: m["body"] == b0)
        bob.xmpp.send_message(mto=alice_full, mbody=b0, mtype="chat")
        await deadline.wait(step, arrival, "bob's message before the drop")
        m0, m1, m2, m3 = (f"{name} {tag}" for name in ("M0 delivered-unacked", "M1 in-flight",
                                                       "M2 sent-while-away", "M3 after-resume"))
        arrival = bob.expect("message", lambda m: m["body"] == m0)
        alice.xmpp.send_message(mto=bob_full, mbody=m0, mtype="chat")
        await deadline.wait(step, arrival, "M0 at bob")
        sm_id = alice.sm.sm_id
        binds = alice.counts["session_bind"]
        starts = alice.counts["session_start"]
        disconnected = alice.next_event("disconnected")
        alice.expected_disconnect = True
        # M1 goes into slixmpp's send queue; the abort runs before the queue task
        # wakes, so M1 is counted into the SM queue but written to a dead transport.
        alice.xmpp.send_message(mto=bob_full, mbody=m1, mtype="chat")
        alice.xmpp.transport.abort()  # TCP closed: no </stream:stream>, no close_notify
        await deadline.wait(step, disconnected, "slixmpp to see the connection go")
        unacked = alice.unacked()
        if m1 not in unacked:
            raise StepFailed(step, "harness: M1 is not in slixmpp's unacked queue", **alice.sm_state())
        seq_at_drop = alice.sm.seq
        emit(step, True, sm_id=sm_id, seq=seq_at_drop, last_ack=alice.sm.last_ack,
             handled=alice.sm.handled, unacked=unacked, m0_unacked=m0 in unacked)

        # 4. The gap: bob writes to alice's full JID; alice queues M2; then resume.
        step = "resume:alice"
        b1 = f"during gap {tag}"
        gap_arrival = alice.expect("message", lambda m: m["body"] == b1)
        bob.xmpp.send_message(mto=alice_full, mbody=b1, mtype="chat")
        await ping(deadline, step, bob)  # the server has routed b1 by now
        alice.xmpp.send_message(mto=bob_full, mbody=m2, mtype="chat")  # held: the stream is down
        if m2 in alice.unacked():
            raise StepFailed(step, "harness: M2 went into the SM queue while disconnected")
        resume_h_sent = alice.sm.handled
        futures = {event: alice.next_event(event) for event in ("session_resumed", "sm_failed", "session_start")}
        alice.reconnect()
        name, answer = await first_of(deadline, step, futures, "<resumed/> after reconnecting", alice)
        if name == "sm_failed":
            raise StepFailed(step, "server refused <resume/> with <failed/>", previd=sm_id, **failed_detail(answer))
        if name == "session_start":
            raise StepFailed(step, "a new session was bound instead of resuming", jid=alice.xmpp.boundjid.full)
        if not alice.tls_in_use():
            raise StepFailed(step, "resumed without STARTTLS")
        fields = {"previd": answer["previd"], "h": answer["h"], "resume_h_sent": resume_h_sent,
                  "jid": alice.xmpp.boundjid.full, "retransmitted": alice.retransmitted}
        if answer["previd"] != sm_id:
            raise StepFailed(step, f"<resumed previd> is not the SM id {sm_id}", **fields)
        if alice.counts["session_bind"] != binds or alice.counts["session_start"] != starts \
                or alice.xmpp.boundjid.full != alice_full:
            raise StepFailed(step, "resource bound again; the full JID must survive the resumption", **fields)
        # The server got every stanza alice sent but M1.
        if answer["h"] != (seq_at_drop - 1) % 2**32:
            raise StepFailed(step, f"<resumed h> should be {seq_at_drop - 1}: the server received every "
                                   f"stanza alice sent but M1", **fields)
        if fields["retransmitted"] != [m1]:
            raise StepFailed(step, "slixmpp should retransmit exactly M1", **fields)
        emit(step, True, **fields)

        step = "message_during_gap"
        message = await deadline.wait(step, gap_arrival, "bob's gap message at alice")
        await ping(deadline, step, alice)  # the server resends its queue right after <resumed/>
        counts = {"during_gap": alice.received[b1], "before_drop": alice.received[b0]}
        if counts != {"during_gap": 1, "before_drop": 1}:
            raise StepFailed(step, "messages to alice not delivered exactly once", counts=counts)
        if message["from"].full != bob_full:
            raise StepFailed(step, f"from {message['from']}, wanted {bob_full}")
        emit(step, True, **{"from": str(message["from"]), "to": str(message["to"])}, body=b1, counts=counts,
             handled=alice.sm.handled)

        # 5. What alice sent around the drop reaches bob once.
        step = "resend_after_resume"
        # M1 and M2 may be at bob already; M3, sent last, is the barrier: the
        # server keeps alice's stanzas in order, so anything resent comes first.
        alice.xmpp.send_message(mto=bob_full, mbody=m3, mtype="chat")
        counts: dict[str, int] = {}
        while True:
            counts = {body.split()[0]: bob.received[body] for body in (m0, m1, m2, m3)}
            if counts["M3"] and counts["M1"] and counts["M2"]:
                break
            if time.monotonic() >= deadline.end:
                raise StepFailed(step, "timed out waiting for M1, M2 and M3 at bob", counts=counts,
                                 **alice.sm_state())
            await asyncio.sleep(0.02)
        if any(count != 1 for count in counts.values()):
            raise StepFailed(step, "alice's messages not delivered exactly once", counts=counts)
        senders = {body.split()[0]: bob.senders[body][0] for body in (m1, m2, m3)}
        if any(sender != alice_full for sender in senders.values()):
            raise StepFailed(step, f"not from alice's full JID {alice_full}", senders=senders)
        h = await expect_acked(deadline, step, alice)
        emit(step, True, counts=counts, **{"from": alice_full}, h=h, seq=alice.sm.seq)

        # 6. Clean close, then no resumption of the closed session.
        for client in (alice, bob):
            step = f"close:{client.name}"
            client.expected_disconnect = True
            acks_before = len(client.server_acks)
            disconnected = client.next_event("disconnected")
            client.xmpp.disconnect(wait=min(5.0, deadline.remaining()))
            reason = await deadline.wait(step, disconnected, "the stream to close")
            if reason != "End of stream":
                raise StepFailed(step, f"the server did not answer </stream:stream> ({reason})")
            final_acks = client.server_acks[acks_before:]
            emit(step, True, reason=reason, final_ack_h=final_acks[-1] if final_acks else None,
                 seq=client.sm.seq, sm_id_kept_by_slixmpp=client.sm.sm_id)

        step = "no_resume_after_close"
        old_id = alice.sm.sm_id
        if not old_id:
            raise StepFailed(step, "harness: slixmpp dropped the SM id on close, so it would not try to resume")
        futures = {event: alice.next_event(event) for event in ("session_resumed", "sm_failed")}
        started, enabled = alice.next_event("session_start"), alice.next_event("sm_enabled")
        alice.reconnect()
        name, answer = await first_of(deadline, step, futures, "an answer to <resume/>", alice)
        if name == "session_resumed":
            raise StepFailed(step, "the server resumed a session closed with </stream:stream>", previd=old_id)
        refusal = failed_detail(answer)
        await deadline.wait(step, started, "a new bind after <failed/>")
        answer = await deadline.wait(step, enabled, "<enabled/> on the new session")
        if not answer["id"] or answer["id"] == old_id:
            raise StepFailed(step, "the new session did not get a new SM id", id=answer["id"])
        alice.expected_disconnect = True
        disconnected = alice.next_event("disconnected")
        alice.xmpp.disconnect(wait=min(5.0, deadline.remaining()))
        await deadline.wait(step, disconnected, "the new stream to close")
        emit(step, True, previd=old_id, failed=refusal, new_jid=alice.xmpp.boundjid.full, new_id=answer["id"])
    finally:
        await asyncio.gather(alice.close(closing * 0.8), bob.close(closing * 0.8))


def main(argv: list[str]) -> int:
    return base.main(argv, steps=run, description=__doc__.split("\n\n")[0], default_timeout=30.0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
