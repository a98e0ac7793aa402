-- wrk script: POST a flight search with the traveller's token (env FUWU_TOKEN, FUWU_SEARCH_DATE).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("FUWU_TOKEN")
wrk.body = '{"kind":"flight","origin":"1101","destination":"3101","date":"' ..
           os.getenv("FUWU_SEARCH_DATE") .. '","preferred_time":"09:00"}'
