#!/usr/bin/env node
// Prints the AZURITE_ACCOUNTS value for Azurite (tools/infra/servers/azurite.sh):
// devstoreaccount1 with its well-known key, then every storage account of the
// sandbox estate with its two keys (estate.mjs), "name:key1[:key2];...".
import { azuriteAccounts } from './estate.mjs';

process.stdout.write(`${azuriteAccounts()}\n`);
