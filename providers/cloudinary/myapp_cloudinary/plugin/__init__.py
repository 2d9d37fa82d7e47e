"""The Cloudinary provider plugin: check, diff and CRUD of upload presets over the engine gRPC protocol."""
