#!/usr/bin/env node
require('../dist/imgplan.cjs');
