-- Neovim 0.7 (Debian 12's) as a third LSP client of the language server, next to VS Code and the plain
-- Node client: a client we did not write, with its own ideas of capabilities, encodings and edits.
--
--   nvim --headless --clean -c "luafile test/nvim/lsp.lua" test/nvim/fixture.conf
--
-- It runs the README's Neovim 0.7 configuration (filetype rules and the autocommand that starts
-- `nginx-language-server`, here a link to dist/server.js or $NGINX_LSP_SERVER) on a copy of the fixture
-- under etc/nginx/sites-available/, checks the filetypes it gives, waits for
-- publishDiagnostics, then asks for hover, completion, document symbols and code actions (quick fixes and
-- source.fixAll.nginx) when the server advertises them, and applies the preferred fixes of the typo and
-- of the WebSocket warning with vim.lsp.util.apply_workspace_edit. Each check prints one line that
-- test/nvim/nvim.test.ts reads back:
--   PASS <name>            SKIP <name>: <reason>            FAIL <name>: <detail>
-- plus INFO lines (capabilities, each diagnostic) and a closing `DONE pass=N fail=N skip=N`.
-- Exit status: 0 all passed or skipped, 1 a check failed, 2 the watchdog fired, 3 a Lua error.
-- Check names must not contain ": " (the reader splits there).

-- Headless `print` loses newlines; write whole lines to stdout instead.
local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local counts = { pass = 0, fail = 0, skip = 0 }
local function pass(name) counts.pass = counts.pass + 1; out('PASS ' .. name) end
local function fail(name, detail) counts.fail = counts.fail + 1; out('FAIL ' .. name .. ': ' .. detail) end
local function skip(name, reason) counts.skip = counts.skip + 1; out('SKIP ' .. name .. ': ' .. reason) end

local script = debug.getinfo(1, 'S').source:sub(2)
local root = vim.fn.fnamemodify(script, ':p:h:h:h')
local server = os.getenv('NGINX_LSP_SERVER') or (root .. '/dist/server.js')
local timeout_ms = tonumber(os.getenv('NGINX_NVIM_TIMEOUT_MS') or '') or 30000

-- Whatever happens below, never hang CI: fail loudly after timeout_ms.
vim.defer_fn(function()
  out('FAIL watchdog: no result after ' .. timeout_ms .. ' ms')
  vim.cmd('cquit 2')
end, timeout_ms)

-- The README's Neovim 0.7 configuration, exactly as written there (between its marker comments).
local function readme_config()
  local readme = table.concat(vim.fn.readfile(root .. '/README.md'), '\n')
  local section = readme:match('<!%-%- test/nvim: neovim%-0%.7 %-%->(.-)<!%-%- /test/nvim %-%->')
  return section and section:match('```lua\n(.-)```')
end

local function main()
  -- The fixture, opened on the command line, is copied where a real configuration lives and whose
  -- name Neovim 0.7 gives no filetype (sites-available/chat): the README's filetype rules must make
  -- it nginx, and its autocommand must start the server and attach it.
  local fixture_lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  local tmp = vim.fn.tempname()
  local nginx_dir = tmp .. '/etc/nginx'
  vim.fn.mkdir(nginx_dir .. '/sites-available', 'p')
  vim.fn.mkdir(nginx_dir .. '/snippets', 'p')
  vim.fn.mkdir(nginx_dir .. '/conf.d', 'p')
  local target = nginx_dir .. '/sites-available/chat'
  vim.fn.writefile(fixture_lines, target)

  -- The README's configuration starts `nginx-language-server` from the PATH: here, the server under test.
  local bin = tmp .. '/bin'
  vim.fn.mkdir(bin, 'p')
  vim.loop.fs_symlink(server, bin .. '/nginx-language-server')
  vim.env.PATH = bin .. ':' .. vim.env.PATH

  -- The last publishDiagnostics for our document, as the server sent it (with `data.fixes`). The
  -- README's client has no handlers of its own, so the default one is wrapped.
  local published = nil
  local publish_count = 0
  local uri = vim.uri_from_fname(target)
  local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
    if result and result.uri == uri then
      published = result.diagnostics
      publish_count = publish_count + 1
    end
    -- Keep Neovim's own handling too, so vim.diagnostic sees what a user would.
    default_publish(err, result, ctx, config)
  end

  local config = readme_config()
  if not config then
    out('FAIL README configuration: no ```lua block between the test/nvim markers in README.md')
    vim.cmd('cquit 1')
  end
  assert(loadstring(config, 'README.md (Neovim 0.7)'))()
  vim.cmd('edit ' .. vim.fn.fnameescape(target))
  local buf = vim.api.nvim_get_current_buf()

  local function lines()
    return vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  end

  -- 0-based line and character of the first `needle` in the buffer (plain text search).
  local function find(needle)
    for index, text in ipairs(lines()) do
      local col = text:find(needle, 1, true)
      if col then return index - 1, col - 1 end
    end
    return nil
  end

  local function range_text(range)
    return string.format('%d:%d-%d:%d', range.start.line, range.start.character, range['end'].line,
      range['end'].character)
  end

  local function with_code(diagnostics, code)
    local found = {}
    for _, d in ipairs(diagnostics or {}) do
      if d.code == code then table.insert(found, d) end
    end
    return found
  end

  -- Waits (running Neovim's event loop, so LSP messages arrive) until `predicate` holds.
  local function wait_for(predicate, ms)
    return vim.wait(ms or 15000, predicate, 10)
  end

  local name = 'README filetype rules make sites-available/chat nginx'
  if vim.bo[buf].filetype == 'nginx' then pass(name) else fail(name, 'filetype is "' .. vim.bo[buf].filetype .. '"') end

  local client = nil
  wait_for(function()
    client = vim.lsp.buf_get_clients(buf)[next(vim.lsp.buf_get_clients(buf)) or 0]
    return client ~= nil and (client.initialized or client.is_stopped())
  end)
  if not client or not client.initialized then
    out('FAIL initialize: the README configuration attached no initialized server to the buffer: ' .. server)
    vim.cmd('cquit 1')
  end
  local client_id = client.id
  local caps = client.server_capabilities
  out(string.format('INFO capabilities hover=%s codeAction=%s completion=%s', tostring(caps.hoverProvider ~= nil and
    caps.hoverProvider ~= false), tostring(caps.codeActionProvider ~= nil and caps.codeActionProvider ~= false),
    tostring(caps.completionProvider ~= nil)))

  -- 1. Diagnostics: the typo, with its exact range and severity.
  local name = 'unknown-directive diagnostic'
  if not wait_for(function() return #with_code(published, 'unknown-directive') > 0 end) then
    fail(name, 'no unknown-directive diagnostic published (got ' .. vim.inspect(published) .. ')')
  else
    for _, d in ipairs(published) do
      out(string.format('INFO diagnostic %s %s severity=%s %s', tostring(d.code), range_text(d.range),
        tostring(d.severity), d.message))
    end
    local d = with_code(published, 'unknown-directive')[1]
    local line, col = find('proxy_passs')
    local expected = string.format('%d:%d-%d:%d', line, col, line, col + #'proxy_passs')
    if range_text(d.range) ~= expected then
      fail(name, 'range ' .. range_text(d.range) .. ', expected ' .. expected)
    elseif d.severity ~= vim.lsp.protocol.DiagnosticSeverity.Error then
      fail(name, 'severity ' .. tostring(d.severity) .. ', expected 1 (Error)')
    elseif d.data ~= nil then
      fail(name, 'fixes travel with the published diagnostic: ' .. vim.inspect(d.data))
    else
      -- The fixes are not published with the diagnostic (the server builds them when a code action
      -- asks for them); check 5 asks.
      pass(name)
    end
    -- Neovim's own diagnostics (what `:lua vim.diagnostic.setqflist()` would list) agree.
    local mine = vim.diagnostic.get(buf)
    if #mine == #published then
      pass('vim.diagnostic sees them')
    else
      fail('vim.diagnostic sees them', #mine .. ' in vim.diagnostic, ' .. #published .. ' published')
    end
  end

  -- 2. The WebSocket rule, once the server has it: all of a document's diagnostics come in one publish.
  name = 'websocket-missing diagnostic'
  local ws = with_code(published, 'websocket-missing')
  if #ws == 0 then
    skip(name, 'the server has no websocket-missing rule yet')
  else
    local ws_line = find('location /ws/')
    if ws[1].range.start.line >= ws_line then pass(name) else fail(name, 'not in the /ws/ location') end
  end

  local function position_of(needle, offset)
    local line, col = find(needle)
    return { line = line, character = col + (offset or 0) }
  end

  local function request(method, params)
    local responses, err = vim.lsp.buf_request_sync(buf, method, params, 5000)
    if not responses then return nil, tostring(err) end
    local response = responses[client_id]
    if not response then return nil, 'no response' end
    if response.err then return nil, vim.inspect(response.err) end
    return response.result
  end

  -- 3. Hover on proxy_pass (the one in /ws/: the other line has the typo).
  name = 'hover on proxy_pass'
  if not caps.hoverProvider then
    skip(name, 'the server does not advertise hoverProvider')
  else
    local result, err = request('textDocument/hover', {
      textDocument = { uri = uri },
      position = position_of('proxy_pass http://127.0.0.1:3001', 4),
    })
    local text = result and table.concat(vim.lsp.util.convert_input_to_markdown_lines(result.contents), '\n') or ''
    if not result then
      fail(name, 'no hover: ' .. tostring(err))
    elseif not text:find('proxy_pass', 1, true) then
      fail(name, 'hover does not mention proxy_pass: ' .. text)
    else
      pass(name)
    end
  end

  -- 4. Completion at the start of a directive.
  name = 'completion offers proxy_pass'
  if not caps.completionProvider then
    skip(name, 'the server does not advertise completionProvider')
  else
    local result, err = request('textDocument/completion', {
      textDocument = { uri = uri },
      position = position_of('proxy_set_header'),
    })
    local items = result and (result.items or result) or {}
    local found = false
    for _, item in ipairs(items) do
      if item.label == 'proxy_pass' then found = true end
    end
    if not result then fail(name, 'no completion: ' .. tostring(err))
    elseif not found then fail(name, #items .. ' items, none is proxy_pass')
    else pass(name) end
  end

  -- 5. The preferred quick fix, applied as Neovim applies any workspace edit.
  name = 'quick fix changes proxy_passs to proxy_pass'
  local diagnostic = with_code(published, 'unknown-directive')[1]
  if not caps.codeActionProvider then
    skip(name, 'the server does not advertise codeActionProvider')
  elseif not diagnostic then
    fail(name, 'no unknown-directive diagnostic to fix')
  else
    local result, err = request('textDocument/codeAction', {
      textDocument = { uri = uri },
      range = diagnostic.range,
      context = { diagnostics = { diagnostic }, only = { 'quickfix' } },
    })
    local action = nil
    for _, candidate in ipairs(result or {}) do
      if candidate.isPreferred then action = candidate end
    end
    -- A server may leave the edit to codeAction/resolve.
    if action and not action.edit and type(caps.codeActionProvider) == 'table' and
        caps.codeActionProvider.resolveProvider then
      action = request('codeAction/resolve', action) or action
    end
    local line = diagnostic.range.start.line
    if not result then
      fail(name, 'codeAction failed: ' .. tostring(err))
    elseif not action or not action.edit then
      fail(name, 'no preferred action with an edit among ' .. vim.inspect(result))
    else
      local before = publish_count
      vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
      local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
      if vim.trim(text) ~= 'proxy_pass http://127.0.0.1:3000;' then
        fail(name, 'line ' .. (line + 1) .. ' is now: ' .. text)
      elseif not wait_for(function()
            return publish_count > before and #with_code(published, 'unknown-directive') == 0
          end) then
        fail(name, 'the unknown-directive diagnostic did not go away after the edit')
      else
        pass(name)
      end
    end
  end

  -- 6. The outline, as :lua vim.lsp.buf.document_symbol() asks for it.
  name = 'document symbols name the server and its locations'
  if not caps.documentSymbolProvider then
    skip(name, 'the server does not advertise documentSymbolProvider')
  else
    local result, err = request('textDocument/documentSymbol', { textDocument = { uri = uri } })
    local server_symbol = result and result[1]
    local children = {}
    for _, child in ipairs(server_symbol and server_symbol.children or {}) do table.insert(children, child.name) end
    if not result then
      fail(name, 'no symbols: ' .. tostring(err))
    elseif server_symbol.name ~= 'server app.example.com' or table.concat(children, ',') ~= 'location /,location /ws/' then
      fail(name, 'got ' .. vim.inspect(result))
    else
      pass(name)
    end
  end

  -- 7. "Fix all WebSocket findings": offered as source.fixAll.nginx (not applied here; step 8 fixes it).
  name = 'source.fixAll.nginx is offered'
  if not caps.codeActionProvider then
    skip(name, 'the server does not advertise codeActionProvider')
  else
    local result, err = request('textDocument/codeAction', {
      textDocument = { uri = uri },
      range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
      context = { diagnostics = {}, only = { 'source.fixAll' } },
    })
    local action = result and result[1]
    if not result then
      fail(name, 'codeAction failed: ' .. tostring(err))
    elseif not action or action.kind ~= 'source.fixAll.nginx' or not action.edit then
      fail(name, 'got ' .. vim.inspect(result))
    else
      pass(name)
    end
  end

  -- 8. The WebSocket quick fix, applied as Neovim applies any workspace edit: the warning goes away.
  name = 'websocket quick fix removes the warning'
  -- Since the typo fix, `location /` proxies too (a hint); the warning is the one of /ws/.
  local ws_line = find('location /ws/')
  local function in_ws(diagnostics)
    local found = {}
    for _, d in ipairs(with_code(diagnostics, 'websocket-missing')) do
      if d.range.start.line == ws_line then table.insert(found, d) end
    end
    return found
  end
  local missing = in_ws(published)[1]
  if not caps.codeActionProvider then
    skip(name, 'the server does not advertise codeActionProvider')
  elseif not missing then
    fail(name, 'no websocket-missing diagnostic to fix')
  else
    local result, err = request('textDocument/codeAction', {
      textDocument = { uri = uri },
      range = missing.range,
      context = { diagnostics = { missing }, only = { 'quickfix' } },
    })
    local action = nil
    for _, candidate in ipairs(result or {}) do
      if candidate.isPreferred then action = candidate end
    end
    if not action or not action.edit then
      fail(name, 'no preferred action with an edit: ' .. tostring(err) .. ' ' .. vim.inspect(result))
    else
      local before = publish_count
      vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
      if not find('proxy_set_header Upgrade $http_upgrade;') then
        fail(name, 'the edit did not add the Upgrade header: ' .. table.concat(lines(), '\n'))
      elseif not wait_for(function()
            ws_line = find('location /ws/')
            return publish_count > before and #in_ws(published) == 0
          end) then
        local codes = {}
        for _, d in ipairs(published or {}) do table.insert(codes, tostring(d.code) .. '@' .. d.range.start.line) end
        fail(name, 'still published after the edit [' .. table.concat(codes, ' ') .. '] in: ' ..
          table.concat(lines(), ' | '))
      else
        pass(name)
      end
    end
  end

  -- 9. Hover on the variable the fix inserted.
  name = 'hover on $http_upgrade'
  if not caps.hoverProvider or not find('$http_upgrade') then
    skip(name, 'no hoverProvider, or no $http_upgrade in the buffer')
  else
    local result, err = request('textDocument/hover', {
      textDocument = { uri = uri },
      position = position_of('$http_upgrade', 2),
    })
    local text = result and table.concat(vim.lsp.util.convert_input_to_markdown_lines(result.contents), '\n') or ''
    if not result then
      fail(name, 'no hover: ' .. tostring(err))
    elseif not text:find('Upgrade` request header', 1, true) then
      fail(name, 'hover does not explain the variable: ' .. text)
    else
      pass(name)
    end
  end

  -- 10. The README's filetype rules on the other files an nginx setup has (and not on any .conf).
  for _, case in ipairs({
    { 'etc/nginx/snippets/ssl.conf', 'nginx' },
    { 'etc/nginx/proxy_params', 'nginx' },
    { 'etc/nginx/conf.d/default.conf', 'nginx' },
    { 'etc/nginx/sites-enabled/default', 'nginx' },
    { 'etc/nginx/nginx.conf', 'nginx' },
    { 'project/app.conf', nil },
  }) do
    local file = tmp .. '/' .. case[1]
    vim.fn.mkdir(vim.fn.fnamemodify(file, ':h'), 'p')
    vim.fn.writefile({ '# ' .. case[1] }, file)
    vim.cmd('hide edit ' .. vim.fn.fnameescape(file))
    local filetype = vim.bo.filetype
    name = 'filetype of ' .. case[1]
    if case[2] and filetype ~= case[2] then
      fail(name, 'is "' .. filetype .. '", expected nginx')
    elseif not case[2] and filetype == 'nginx' then
      fail(name, 'is nginx, but it is not in an nginx folder')
    else
      pass(name)
    end
  end

  out(string.format('DONE pass=%d fail=%d skip=%d', counts.pass, counts.fail, counts.skip))
  -- Shut the server down properly (shutdown + exit), so no node process outlives the test.
  client.stop()
  wait_for(function() return client.is_stopped() end, 3000)
  if counts.fail > 0 then vim.cmd('cquit 1') else vim.cmd('qa!') end
end

-- A Lua error at `-c luafile` would leave Neovim waiting for the watchdog; report it and exit at once.
local ok, err = xpcall(main, debug.traceback)
if not ok then
  out('FAIL lua error: ' .. tostring(err):gsub('\n', '\n    '))
  vim.cmd('cquit 3')
end
