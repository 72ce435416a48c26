"""disco_client: a Python asyncio client for the Disco event store, written from ``protocol/`` alone."""
