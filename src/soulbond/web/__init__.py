"""The web app: server-rendered pages over the live world's use cases, in the same server as the API."""
