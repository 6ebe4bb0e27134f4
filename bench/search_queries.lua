-- wrk script: cycle through Thai (and English) search queries, URL-encoded.
local queries = {
  "%E0%B8%9C%E0%B9%89%E0%B8%B2%E0%B9%84%E0%B8%AB%E0%B8%A1",                                -- ผ้าไหม
  "%E0%B9%81%E0%B8%A1%E0%B9%88%E0%B8%81%E0%B8%B3%E0%B8%9B%E0%B8%AD%E0%B8%87",             -- แม่กำปอง
  "%E0%B9%82%E0%B8%AE%E0%B8%A1%E0%B8%AA%E0%B9%80%E0%B8%95%E0%B8%A2%E0%B9%8C",             -- โฮมสเตย์
  "%E0%B9%80%E0%B8%84%E0%B8%A3%E0%B8%B7%E0%B9%88%E0%B8%AD%E0%B8%87%E0%B8%9B%E0%B8%B1%E0%B9%89%E0%B8%99%E0%B8%94%E0%B8%B4%E0%B8%99%E0%B9%80%E0%B8%9C%E0%B8%B2", -- เครื่องปั้นดินเผา
  "%E0%B8%81%E0%B8%B2%E0%B8%AC%E0%B8%AA%E0%B8%B4%E0%B8%99%E0%B8%98%E0%B8%B8%E0%B9%8C",     -- กาฬสินธุ์
  "chiang+mai", "silk", "otop",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", string.format(wrk.path, queries[(i % #queries) + 1]))
end
