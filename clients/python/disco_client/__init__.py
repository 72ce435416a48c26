"""disco_client: an asyncio client for the Disco event store, written from the protocol spec alone.

>>> import asyncio, disco_client
>>> async def main():
...     async with await disco_client.connect("127.0.0.1", 7400, client_name="example") as client:
...         result = await client.emit(disco_client.NewEvent("OrderPlaced", b"{}", aggregate_id="order-1"))
...         async for event in client.read_aggregate("order-1"):
...             print(event.aggregate_version, event.type)
"""

from .batch import CODEC_NONE, CODEC_ZLIB, NewEvent, StoredEvent
from .client import DEFAULT_CREDIT, SUPPORTED_VERSIONS, Client, EmitResult, EventStream, Subscription, connect
from .errors import (
    ConnectionClosed,
    ConsumerOffsetConflictDetails,
    DiscoClientError,
    DiscoError,
    ErrorCode,
    EventIdConflictDetails,
    ProtocolViolation,
    UnsupportedVersionDetails,
    VersionConflictDetails,
)
from .ids import uuid7
from .messages import CaughtUp, ConsumerOffset, EmittedEvent, Expectation, ExpectationKind, StreamEnd, StreamEndReason

__version__ = "0.1.0"

__all__ = [
    "connect",
    "Client",
    "EmitResult",
    "EventStream",
    "Subscription",
    "NewEvent",
    "StoredEvent",
    "Expectation",
    "ExpectationKind",
    "EmittedEvent",
    "ConsumerOffset",
    "CaughtUp",
    "StreamEnd",
    "StreamEndReason",
    "DiscoClientError",
    "DiscoError",
    "ProtocolViolation",
    "ConnectionClosed",
    "ErrorCode",
    "VersionConflictDetails",
    "EventIdConflictDetails",
    "ConsumerOffsetConflictDetails",
    "UnsupportedVersionDetails",
    "uuid7",
    "CODEC_NONE",
    "CODEC_ZLIB",
    "DEFAULT_CREDIT",
    "SUPPORTED_VERSIONS",
]
