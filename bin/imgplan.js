#!/usr/bin/env node
import '../dist/imgplan.js';
