#!/usr/bin/env node
// The `porthole` command. The code lives in ../dist (built by `npm install` via the root prepare script).
import { main } from "../dist/main.js";

process.exitCode = await main(process.argv, process.env);
