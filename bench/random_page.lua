-- wrk script: GET a random page (1..PAGES) of the job list, so that most answers miss the page cache.
local pages = tonumber(os.getenv("PAGES") or "5000")
function init(args) math.randomseed(os.time() + (args[1] and #args[1] or 0)) end
function request()
  local p = math.random(1, pages)
  return wrk.format("GET", string.format("/bench/jobs?page=%d&per_page=20", p))
end
