#!/usr/bin/env python3
"""An in-memory paper broker speaking the strategy-runner process adapter protocol, version 1.

The contract is docs/PROCESS_ADAPTER.md. Copy this file to wrap your broker's SDK: keep the protocol
plumbing (read_requests, reply, fail, emit and the dispatch table) and replace the methods of PaperBroker
with calls to your broker. Standard library only.

    python3 paper_adapter.py --prices AAPL=190.25,MSFT=410.10 --default-price 100 --cash 100000 --fee 0.35

Market orders fill at once, in full, at the symbol's price (--prices) or --default-price, with a fee of
--fee per order. Standard output carries protocol lines only; logs go to standard error.
"""

import argparse
import json
import sys
import time
from decimal import Decimal, InvalidOperation

PROTOCOL_VERSIONS = [1]
ADAPTER_NAME = "paper-example"


class ProtocolError(Exception):
    """A request refused with an error code from the protocol's table."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def log(message):
    """Anything for a person goes to standard error: the runner forwards it to its log."""
    print(f"paper-adapter: {message}", file=sys.stderr, flush=True)


def send(message):
    """One protocol line on standard output, flushed at once (the runner waits for it)."""
    sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def reply(request_id, result):
    send({"id": request_id, "ok": True, "result": result})


def fail(request_id, code, message):
    send({"id": request_id, "ok": False, "error": {"code": code, "message": message}})


def emit(report):
    """An execution event: accepted, filled, cancelled or rejected."""
    send({"event": "execution", "report": report})


def now_ms():
    return int(time.time() * 1000)


def decimal_text(value):
    """Prices, fees and cash travel as decimal strings, never as floats."""
    return format(value, "f")


# Field readers for requests: a missing or mistyped field is a bad_request, never a crash.

def need_str(obj, key):
    value = obj.get(key)
    if not isinstance(value, str):
        raise ProtocolError("bad_request", f"{key} must be a string")
    return value


def need_int(obj, key):
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ProtocolError("bad_request", f"{key} must be an integer")
    return value


class PaperBroker:
    """The broker side. Replace these methods with your broker's SDK calls."""

    def __init__(self, prices, default_price, cash, currency, fee):
        self.prices = prices
        self.default_price = default_price
        self.cash = cash
        self.currency = currency
        self.fee = fee
        self.orders = {}  # client_order_id -> order object (as the protocol writes it)
        self.fills = []  # fill objects, oldest first
        self.positions = {}  # symbol -> signed quantity
        self.next_execution = 1

    def submit(self, order):
        client_id = need_str(order, "client_order_id")
        symbol = need_str(order, "symbol")
        side = need_str(order, "side")
        quantity = need_int(order, "quantity")
        if side not in ("buy", "sell"):
            raise ProtocolError("bad_request", "side must be buy or sell")
        if quantity <= 0:
            raise ProtocolError("rejected", f"quantity {quantity} must be greater than 0")
        # Ids are never reused, even after the order is done: that is how the runner resends safely.
        if client_id in self.orders:
            raise ProtocolError("duplicate_client_order_id", f"an order {client_id} already exists")
        record = dict(order)
        record.update({"filled_quantity": 0, "status": "accepted", "accepted_at": now_ms()})
        self.orders[client_id] = record
        taken = dict(record)
        return taken, lambda: self._fill_at_market(record)

    def _fill_at_market(self, record):
        """After the submit reply: accepted, then one fill for the whole quantity."""
        emit({"type": "accepted", "client_order_id": record["client_order_id"]})
        price = self.prices.get(record["symbol"], self.default_price)
        fill = {
            "execution_id": f"paper-x{self.next_execution}",
            "client_order_id": record["client_order_id"],
            "symbol": record["symbol"],
            "side": record["side"],
            "quantity": record["quantity"],
            "price": decimal_text(price),
            "fee": decimal_text(self.fee),
            "timestamp": now_ms(),
        }
        self.next_execution += 1
        signed = record["quantity"] if record["side"] == "buy" else -record["quantity"]
        self.positions[record["symbol"]] = self.positions.get(record["symbol"], 0) + signed
        if self.positions[record["symbol"]] == 0:
            del self.positions[record["symbol"]]
        self.cash -= Decimal(signed) * price + self.fee
        record["filled_quantity"] = record["quantity"]
        record["status"] = "filled"
        self.fills.append(fill)
        emit(dict(fill, type="filled"))

    def cancel(self, client_id):
        record = self.orders.get(client_id)
        if record is None:
            raise ProtocolError("unknown_order", f"no order {client_id}")
        if record["status"] in ("accepted", "partially_filled"):
            record["status"] = "cancelled"
            emit({"type": "cancelled", "client_order_id": client_id})
        return None

    def open_orders(self):
        return [dict(o) for o in self.orders.values() if o["status"] in ("accepted", "partially_filled")]

    def cancel_all(self):
        working = self.open_orders()
        for order in working:
            self.cancel(order["client_order_id"])
        return {"cancelled": len(working)}

    def close_all_positions(self):
        sent, fills = [], []
        stamp = now_ms()
        for index, (symbol, quantity) in enumerate(sorted(self.positions.items())):
            order = {
                "client_order_id": f"close-{symbol}-{stamp}-{index}",
                "parent_id": f"close-{stamp}",
                "strategy": "close_all",
                "symbol": symbol,
                "side": "sell" if quantity > 0 else "buy",
                "quantity": abs(quantity),
                "venue": "PAPER",
                "release_at": stamp,
                "slice_index": 0,
            }
            taken, fill = self.submit(order)
            sent.append(taken)
            fills.append(fill)
        return sent, fills

    def order(self, client_id):
        record = self.orders.get(client_id)
        return dict(record) if record else None

    def fills_since(self, since):
        return [f for f in self.fills if f["timestamp"] >= since]

    def account(self):
        return {"cash": decimal_text(self.cash), "currency": self.currency, "positions": dict(self.positions)}


def handle(broker, request):
    """Answers one request; returns False when the runner asked to shut down."""
    request_id = request.get("id")
    op = request.get("op")
    after = None  # events to send once the reply is out
    try:
        if not isinstance(request_id, int):
            raise ProtocolError("bad_request", "id must be an integer")
        if op == "hello":
            result = {"protocols": PROTOCOL_VERSIONS, "name": ADAPTER_NAME}
        elif op == "submit":
            order = request.get("order")
            if not isinstance(order, dict):
                raise ProtocolError("bad_request", "order must be an object")
            result, after = broker.submit(order)
        elif op == "cancel":
            result = broker.cancel(need_str(request, "client_order_id"))
        elif op == "cancel_all":
            result = broker.cancel_all()
        elif op == "close_all_positions":
            result, fills = broker.close_all_positions()
            after = lambda: [fill() for fill in fills]
        elif op == "order":
            result = broker.order(need_str(request, "client_order_id"))
        elif op == "open_orders":
            result = broker.open_orders()
        elif op == "positions":
            result = dict(broker.positions)
        elif op == "fills":
            result = broker.fills_since(need_int(request, "since"))
        elif op == "account":
            result = broker.account()
        elif op == "shutdown":
            reply(request_id, None)
            return False
        else:
            raise ProtocolError("bad_request", f"unknown op {op!r}")
    except ProtocolError as error:
        fail(request_id, error.code, error.message)
        return True
    reply(request_id, result)
    if after:
        after()
    return True


def parse_prices(text):
    prices = {}
    for pair in filter(None, text.split(",")):
        symbol, _, price = pair.partition("=")
        try:
            prices[symbol.strip()] = Decimal(price.strip())
        except InvalidOperation:
            sys.exit(f"--prices: {pair!r} is not SYMBOL=PRICE")
    return prices


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prices", default="", help="SYM=PX,... fill prices per symbol")
    parser.add_argument("--default-price", default="100", help="fill price of any other symbol")
    parser.add_argument("--cash", default="100000", help="starting cash")
    parser.add_argument("--currency", default="USD")
    parser.add_argument("--fee", default="0", help="fee per fill")
    arguments = parser.parse_args()
    broker = PaperBroker(parse_prices(arguments.prices), Decimal(arguments.default_price),
                         Decimal(arguments.cash), arguments.currency, Decimal(arguments.fee))
    log(f"ready: cash {arguments.cash} {arguments.currency}")
    # One request per line; end of input means the runner is gone: exit quietly.
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except ValueError:
            log(f"ignored a line that is not JSON: {line[:80]!r}")
            continue
        if not isinstance(request, dict):
            log("ignored a request that is not an object")
            continue
        if not handle(broker, request):
            break
    log("bye")


if __name__ == "__main__":
    main()
