#!/bin/sh
# Adds the server to Claude Code for the current project.
claude mcp add businessmap \
  --env BM_DEV_TOKEN=replace-me --env BM_PROD_TOKEN=replace-me \
  -- npx -y businessmap-mcp-multi --config "$HOME/.config/businessmap-mcp/instances.json"
